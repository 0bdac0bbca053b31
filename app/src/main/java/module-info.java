/**
 * The application: the {@code siamese} command line and the Guice wiring of every module. Host applications use
 * {@link dev.siamese.app.Experiments} to run an experiment from a Typesafe {@code Config} without the CLI.
 */
module dev.siamese.app {
    requires transitive dev.siamese.api;
    requires transitive dev.siamese.config;
    requires transitive dev.siamese.training;
    requires transitive dev.siamese.evaluation;
    requires transitive dev.siamese.data;
    requires dev.siamese.tf;
    requires dev.siamese.search;
    requires com.google.guice;
    requires jakarta.inject;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;

    exports dev.siamese.app;

    opens dev.siamese.app to com.google.guice;
    opens dev.siamese.app.cli to info.picocli;
    opens dev.siamese.app.bench to info.picocli;
}
