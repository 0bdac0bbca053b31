package dev.siamese.evaluation.report;

import java.util.List;
import java.util.Map;

/**
 * Everything the report of a sweep shows: the grid table, a heat map of one metric over two grid keys and links to
 * the cells' run reports.
 *
 * @param name          title of the report
 * @param gridKeys      the keys that vary across cells, in column order
 * @param rows          one row per cell (several rows may share a cell, e.g. seeds; the heat map averages them)
 * @param heatRowKey    grid key on the heat map's rows, one of {@code gridKeys}
 * @param heatColumnKey grid key on the heat map's columns, one of {@code gridKeys}
 * @param heatMetric    metric shown by the heat map, a key of the rows' metrics
 * @param paperLabel    header of the paper column, e.g. "paper recognition rate (%)"
 * @param config        settings shared by every cell, key to value
 * @param provenance    where the sweep came from, key to value
 * @param protocol      how the numbers were obtained, printed under the heat map
 */
public record SweepReportInput(
        String name,
        List<String> gridKeys,
        List<SweepRow> rows,
        String heatRowKey,
        String heatColumnKey,
        String heatMetric,
        String paperLabel,
        Map<String, String> config,
        Map<String, String> provenance,
        String protocol) {

    /** Validates and copies. */
    public SweepReportInput {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a sweep report needs a name");
        }
        if (gridKeys == null || rows == null || heatRowKey == null || heatColumnKey == null || heatMetric == null
                || paperLabel == null || config == null || provenance == null || protocol == null) {
            throw new IllegalArgumentException("no part of a sweep report input may be null");
        }
        gridKeys = List.copyOf(gridKeys);
        rows = List.copyOf(rows);
        if (!gridKeys.contains(heatRowKey) || !gridKeys.contains(heatColumnKey)) {
            throw new IllegalArgumentException("heat map keys " + heatRowKey + " and " + heatColumnKey + " must be grid keys " + gridKeys);
        }
        for (SweepRow row : rows) {
            if (!row.cell().keySet().containsAll(gridKeys)) {
                throw new IllegalArgumentException("row " + row.cell() + " lacks some of the grid keys " + gridKeys);
            }
        }
        config = RunReportInput.copy(config, "config");
        provenance = RunReportInput.copy(provenance, "provenance");
    }
}
