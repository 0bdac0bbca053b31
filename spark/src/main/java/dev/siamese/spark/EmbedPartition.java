package dev.siamese.spark;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Embeddings;
import dev.siamese.data.Pictures;
import dev.siamese.search.DctHash;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Embeds one partition of listed files ({@code path, size, modified}) in batches with the executor's shared model:
 * each file is read whole (up to a limit), decoded and fitted to the model's input exactly as {@code siamese embed}
 * decodes a local file, hashed, and embedded with the model's views and whitening. A file that cannot be read or
 * decoded becomes a row with its reason instead. Holds one batch at a time.
 */
final class EmbedPartition implements FlatMapFunction<Iterator<Row>, Row> {

    private final ModelSource source;
    private final HadoopFiles files;
    private final int batch;
    private final long maxFileBytes;

    EmbedPartition(ModelSource source, HadoopFiles files, int batch, long maxFileBytes) {
        this.source = source;
        this.files = files;
        this.batch = batch;
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> listed) {
        ExecutorModels.Loaded loaded = ExecutorModels.get(source, files);
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                while (ready.isEmpty() && listed.hasNext()) {
                    embedBatch(loaded, listed, ready);
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private void embedBatch(ExecutorModels.Loaded loaded, Iterator<Row> listed, List<Row> out) {
        EmbeddingModel model = loaded.model();
        ImageShape shape = model.inputShape();
        int length = shape.length();
        float[] pixels = new float[batch * length];
        List<Row> pictures = new ArrayList<>(batch);
        List<Long> hashes = new ArrayList<>(batch);
        DctHash dct = new DctHash();
        while (pictures.size() < batch && listed.hasNext()) {
            Row file = listed.next();
            String path = file.getString(0);
            try {
                Image picture = Pictures.read(files.read(path, maxFileBytes), path, shape);
                picture.copyTo(pixels, pictures.size() * length);
                hashes.add(dct.hash(picture));
                pictures.add(file);
            } catch (java.io.IOException | RuntimeException e) {
                out.add(RowFactory.create(path, file.getLong(1), file.getLong(2), null, null, null, reason(path, e)));
            }
        }
        if (pictures.isEmpty()) {
            return;
        }
        int count = pictures.size();
        Embeddings embeddings = model.embed(count == batch ? pixels : java.util.Arrays.copyOf(pixels, count * length),
                count);
        String id = loaded.facts().id();
        for (int i = 0; i < pictures.size(); i++) {
            Row file = pictures.get(i);
            out.add(RowFactory.create(file.getString(0), file.getLong(1), file.getLong(2), hashes.get(i),
                    embeddings.row(i), id, null));
        }
    }

    /** The reason without the path the message may repeat. */
    private static String reason(String path, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String prefix = "picture " + path + " ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
