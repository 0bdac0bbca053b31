package dev.siamese.api.image;

import java.util.Objects;

/** A training split and a held-out test split of the same kind of pictures. */
public record DatasetSplits(String name, LabeledDataset train, LabeledDataset test) {

    public DatasetSplits {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.shape().equals(test.shape())) {
            throw new IllegalArgumentException("dataset '" + name + "': train pictures are " + train.shape()
                    + " but test pictures are " + test.shape());
        }
        if (!train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("dataset '" + name + "': train and test splits have different class names");
        }
    }

    public ImageShape shape() {
        return train.shape();
    }
}
