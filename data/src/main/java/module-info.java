/**
 * The pictures the Siamese platform learns from: the embedded synthetic digits (the paper's default
 * data set), readers and writers for the MNIST IDX format (MNIST, Fashion-MNIST) and the CIFAR-10 binary
 * release, folders of ordinary picture files with a cache of their decoded pixels, the paper's preprocessing
 * switches (grey, min-max, OTSU) and the balanced pair sampler that draws MATLAB-style
 * {@code getSiameseBatch} mini-batches from one split.
 *
 * <p>No native memory; {@code java.desktop} is needed for {@code javax.imageio}, which decodes the picture files of
 * an image folder and writes JPEGs ({@code JpegEncoder}); the only AWT type in this module's API is
 * {@code java.awt.image.BufferedImage}, taken by {@code Pictures.of} and {@code JpegEncoder} for host applications
 * that hold their pictures as images.
 */
module dev.siamese.data {
    requires transitive dev.siamese.api;
    // only the settings readers use it (optional in the POM)
    requires static dev.siamese.config;
    // only DataModule, the Guice binding, uses it (optional in the POM: a host application needs no Guice)
    requires static com.google.guice;
    requires transitive java.desktop;

    exports dev.siamese.data;
    exports dev.siamese.data.augmentation;
    exports dev.siamese.data.pairs;
    exports dev.siamese.data.pictures;
    exports dev.siamese.data.readers;

    opens dev.siamese.data to com.google.guice;
}
