package dev.siamese.spark;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.EmbeddingModel;
import dev.siamese.api.model.Embeddings;
import dev.siamese.data.pictures.DecodePool;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.search.hashes.DctHash;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Embeds one partition of listed files ({@code path, size, modified}) in batches with the executor's shared model:
 * each file is read whole (up to a limit), decoded and fitted to the model's input exactly as {@code siamese embed}
 * decodes a local file, hashed, and embedded with the model's views and whitening. A file that cannot be read or
 * decoded becomes a row with its reason instead. The next batch is read and decoded on a {@link DecodePool} of one
 * thread while the current one is embedded, so at most two batches of pictures are held; rows come out in listing
 * order, each batch's skipped files first.
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

    /** A decoded batch: the files embedded (pixels back to back, hashes) and rows for those skipped. */
    private record Decoded(List<Row> files, float[] pixels, long[] hashes, List<Row> skipped) {
    }

    /** A batch being decoded: per row, its picture's pixels and hash at the row's place, or why it was skipped. */
    private record Decoding(List<Row> rows, float[] pixels, long[] hashes, String[] reasons, DecodePool.Chunks chunks) {
    }

    @Override
    public Iterator<Row> call(Iterator<Row> listed) {
        ExecutorModels.Loaded loaded = ExecutorModels.get(source, files);
        DecodePool decoder = new DecodePool(1);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> decoder.close());
        }
        return new ChunkIterator<>() {
            private Decoding decoding = submit();

            private Decoding submit() {
                // the rows are taken on the task's thread; reading and decoding the files happen on the decoder
                List<Row> rows = new ArrayList<>(batch);
                while (rows.size() < batch && listed.hasNext()) {
                    rows.add(listed.next());
                }
                if (rows.isEmpty()) {
                    decoder.close();
                    return null;
                }
                return decode(decoder, loaded.model().inputShape(), rows);
            }

            @Override
            List<Row> nextChunk() {
                if (decoding == null) {
                    return null;
                }
                Decoded decoded = await(decoding, loaded.model().inputShape().length());
                decoding = submit();
                List<Row> rows = new ArrayList<>();
                embed(loaded, decoded, rows);
                return rows;
            }
        };
    }

    /** Starts reading and decoding {@code rows} as one chunk on the pool's one thread. */
    private Decoding decode(DecodePool decoder, ImageShape shape, List<Row> rows) {
        int length = shape.length();
        float[] pixels = new float[rows.size() * length];
        long[] hashes = new long[rows.size()];
        String[] reasons = new String[rows.size()];
        // a row the decoder never reached (its task was stopped) must not pass for a black picture
        Arrays.fill(reasons, "not decoded: the task was stopped");
        DctHash dct = new DctHash();
        DecodePool.Chunks chunks = decoder.submit(rows.size(), rows.size(), i -> {
            String path = rows.get(i).getString(0);
            try {
                Image picture = Pictures.read(files.read(path, maxFileBytes), path, shape);
                picture.copyTo(pixels, i * length);
                hashes[i] = dct.hash(picture);
                reasons[i] = null;
            } catch (java.io.IOException | RuntimeException e) {
                reasons[i] = reason(path, e);
            }
        });
        return new Decoding(rows, pixels, hashes, reasons, chunks);
    }

    /** Waits for {@code decoding} and moves the decoded pictures together, in row order. */
    private static Decoded await(Decoding decoding, int length) {
        try {
            decoding.chunks().await(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding pictures", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        List<Row> rows = decoding.rows();
        float[] pixels = decoding.pixels();
        long[] hashes = decoding.hashes();
        List<Row> ok = new ArrayList<>(rows.size());
        List<Row> skipped = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row file = rows.get(i);
            if (decoding.reasons()[i] != null) {
                skipped.add(RowFactory.create(file.getString(0), file.getLong(1), file.getLong(2), null, null, null,
                        decoding.reasons()[i]));
                continue;
            }
            if (ok.size() != i) {
                System.arraycopy(pixels, i * length, pixels, ok.size() * length, length);
                hashes[ok.size()] = hashes[i];
            }
            ok.add(file);
        }
        return new Decoded(ok, Arrays.copyOf(pixels, ok.size() * length), hashes, skipped);
    }

    private static void embed(ExecutorModels.Loaded loaded, Decoded decoded, List<Row> out) {
        out.addAll(decoded.skipped());
        int count = decoded.files().size();
        if (count == 0) {
            return;
        }
        EmbeddingModel model = loaded.model();
        Embeddings embeddings;
        // one batch at a time per model: TensorFlow spreads each over every core, and two at once only contend
        synchronized (model) {
            embeddings = model.embed(decoded.pixels(), count);
        }
        String id = loaded.facts().id();
        for (int i = 0; i < count; i++) {
            Row file = decoded.files().get(i);
            out.add(RowFactory.create(file.getString(0), file.getLong(1), file.getLong(2), decoded.hashes()[i],
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
