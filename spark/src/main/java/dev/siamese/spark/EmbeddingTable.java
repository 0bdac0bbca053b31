package dev.siamese.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of the Parquet tables the jobs exchange. Embeddings: {@code path} (the file's URI), {@code size}
 * (bytes), {@code modified} (ms since the epoch), {@code hash} (64-bit DCT hash of the picture as the model sees
 * it), {@code embedding} (array of float) and {@code model} (the model's identity). Skipped pictures: path, size,
 * modified and {@code reason}.
 */
public final class EmbeddingTable {
    public static final String PATH = "path";
    public static final String SIZE = "size";
    public static final String MODIFIED = "modified";
    public static final String HASH = "hash";
    public static final String EMBEDDING = "embedding";
    public static final String MODEL = "model";
    public static final String REASON = "reason";

    /** The embedding table. */
    public static final StructType SCHEMA = new StructType()
            .add(PATH, DataTypes.StringType, false)
            .add(SIZE, DataTypes.LongType, false)
            .add(MODIFIED, DataTypes.LongType, false)
            .add(HASH, DataTypes.LongType, false)
            .add(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add(MODEL, DataTypes.StringType, false);

    /** The table of skipped pictures. */
    public static final StructType SKIPPED = new StructType()
            .add(PATH, DataTypes.StringType, false)
            .add(SIZE, DataTypes.LongType, false)
            .add(MODIFIED, DataTypes.LongType, false)
            .add(REASON, DataTypes.StringType, false);

    /** What the embedding step emits: the embedding table's columns, nullable, and a reason (null when embedded). */
    static final StructType EMBEDDED_OR_SKIPPED = new StructType()
            .add(PATH, DataTypes.StringType, false)
            .add(SIZE, DataTypes.LongType, false)
            .add(MODIFIED, DataTypes.LongType, false)
            .add(HASH, DataTypes.LongType, true)
            .add(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(MODEL, DataTypes.StringType, true)
            .add(REASON, DataTypes.StringType, true);

    private EmbeddingTable() {
    }
}
