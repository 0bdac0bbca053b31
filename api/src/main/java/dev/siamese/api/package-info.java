/** Exceptions shared by every module of the platform. */
package dev.siamese.api;
