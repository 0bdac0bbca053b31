package dev.siamese.search.dedup;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuplicateGroupsTest {

    private static DuplicatePair pair(String a, String b, double d) {
        return new DuplicatePair(a, b, d);
    }

    private static DuplicateGroups connected(List<String> paths, List<DuplicatePair> pairs) {
        return new DuplicateGroups("euclidean", 1.0, true, 20, List.of(new DuplicateGroup(1, paths, pairs)));
    }

    @Test
    void aFalsePairBetweenTwoTightGroupsChainsThemWhenConnectedButNotWhenCentred() {
        List<DuplicatePair> pairs = List.of(
                pair("a1", "a2", 0.2), pair("a1", "a3", 0.3), pair("a2", "a3", 0.2),
                pair("a3", "b1", 0.9), // the false pair
                pair("b1", "b2", 0.1), pair("b1", "b3", 0.3), pair("b2", "b3", 0.2));
        DuplicateGroups chained = connected(List.of("a1", "a2", "a3", "b1", "b2", "b3"), pairs);
        assertThat(chained.grouping()).isEqualTo(DuplicateGroups.Grouping.CONNECTED);
        assertThat(chained.groups()).hasSize(1);

        DuplicateGroups centred = chained.groupedAs(DuplicateGroups.Grouping.CENTRED);
        // a3 has the most duplicates and becomes the first centre; b1 is covered by it but b2 becomes a centre too,
        // and b1 joins b2, its nearer centre
        assertThat(centred.grouping()).isEqualTo(DuplicateGroups.Grouping.CENTRED);
        assertThat(centred.groups()).extracting(DuplicateGroup::paths)
                .containsExactly(List.of("a1", "a2", "a3"), List.of("b1", "b2", "b3"));
        assertThat(centred.groups()).extracting(DuplicateGroup::id).containsExactly(1, 2);
        assertThat(centred.groups().get(0).pairs()).hasSize(3).noneMatch(p -> p.second().equals("b1"));
        assertThat(centred.groups().get(1).pairs()).hasSize(3);
        assertThat(centred.duplicatePictures()).isEqualTo(6);
        assertThat(centred.threshold()).isEqualTo(chained.threshold());
        assertThat(centred.compared()).isEqualTo(20);
    }

    @Test
    void aCentreWhoseOnlyDuplicateIsNearerAnotherCentreJoinsThatGroup() {
        // e has three duplicates and is the first centre; c's only duplicate j is much nearer e, so c would be alone
        List<DuplicatePair> pairs = List.of(pair("e", "j", 0.1), pair("e", "k", 0.2), pair("e", "l", 0.2),
                pair("c", "j", 0.8));
        DuplicateGroups centred = connected(List.of("c", "e", "j", "k", "l"), pairs)
                .groupedAs(DuplicateGroups.Grouping.CENTRED);
        assertThat(centred.groups()).hasSize(1);
        assertThat(centred.groups().get(0).paths()).containsExactly("c", "e", "j", "k", "l");
        assertThat(centred.groups().get(0).pairs()).hasSize(4);
    }

    @Test
    void aChainOfEvenlySpacedPicturesSplitsIntoPiecesAroundCentres() {
        // p0 - p1 - ... - p6, each 0.5 from the next: one component of seven
        List<String> paths = List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6");
        List<DuplicatePair> pairs = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < paths.size(); i++) {
            pairs.add(pair(paths.get(i), paths.get(i + 1), 0.5));
        }
        DuplicateGroups centred = connected(paths, pairs).groupedAs(DuplicateGroups.Grouping.CENTRED);
        // centres by degree then order: p1 (covers p0, p2), p3 (p2, p4), p5 (p4, p6); ties go to the earlier centre
        assertThat(centred.groups()).extracting(DuplicateGroup::paths)
                .containsExactly(List.of("p0", "p1", "p2"), List.of("p3", "p4"), List.of("p5", "p6"));
        for (DuplicateGroup g : centred.groups()) {
            assertThat(g.paths()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void regroupingIsIdempotentAndCentredGroupsCannotBeJoinedBack() {
        DuplicateGroups one = connected(List.of("x", "y"), List.of(pair("x", "y", 0.1)));
        assertThat(one.groupedAs(DuplicateGroups.Grouping.CONNECTED)).isSameAs(one);
        DuplicateGroups centred = one.groupedAs(DuplicateGroups.Grouping.CENTRED);
        assertThat(centred.groupedAs(DuplicateGroups.Grouping.CENTRED)).isSameAs(centred);
        assertThatThrownBy(() -> centred.groupedAs(DuplicateGroups.Grouping.CONNECTED))
                .hasMessageContaining("cannot be regrouped");
        assertThat(DuplicateGroups.Grouping.of("centred")).isEqualTo(DuplicateGroups.Grouping.CENTRED);
        assertThatThrownBy(() -> DuplicateGroups.Grouping.of("clustered")).hasMessageContaining("clustered")
                .hasMessageContaining("connected or centred");
    }
}
