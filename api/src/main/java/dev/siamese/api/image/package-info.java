/** Pictures as immutable float tensors and labelled datasets of them. */
package dev.siamese.api.image;
