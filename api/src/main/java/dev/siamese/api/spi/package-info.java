/** The backend service-provider interface: how an engine (TensorFlow, a pure-Java reference, ...) plugs in. */
package dev.siamese.api.spi;
