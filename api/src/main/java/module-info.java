/**
 * The stable contract of the Siamese picture-comparison platform.
 *
 * <p>Pictures and labelled datasets ({@code image}), pair batches and samplers ({@code pairs}),
 * model descriptions and the trainable / loaded model interfaces ({@code model}), the backend
 * service-provider interface found through {@link java.util.ServiceLoader} ({@code spi}) and
 * training events ({@code training}). This module depends on the JDK only: a host application
 * compiles against it alone and finds an implementation, such as the TensorFlow backend, at run time.
 */
// the qualified export names modules built after this one
@SuppressWarnings("module")
module dev.siamese.api {
    exports dev.siamese.api;
    exports dev.siamese.api.image;
    exports dev.siamese.api.pairs;
    exports dev.siamese.api.model;
    exports dev.siamese.api.spi;
    exports dev.siamese.api.training;
    // AtomicFiles (write a file whole or not at all) for the modules that write files, and Resampling (the one
    // resampler: decoder fit, test-time views, hash planes, augmentation warp); not part of the contract
    exports dev.siamese.api.internal to dev.siamese.data, dev.siamese.training, dev.siamese.evaluation,
            dev.siamese.search, dev.siamese.app;

    uses dev.siamese.api.spi.Backend;
}
