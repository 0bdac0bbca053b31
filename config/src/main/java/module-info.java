/**
 * Settings for every module: HOCON (Typesafe Config) files merged over the modules' {@code reference.conf}
 * defaults, checked for unknown keys, and read eagerly into typed, validated values. Errors name the key and the
 * file (and line) it came from. Bundled experiment files are selectable by name.
 */
module dev.siamese.config {
    requires transitive dev.siamese.api;
    requires transitive typesafe.config;

    exports dev.siamese.config;
}
