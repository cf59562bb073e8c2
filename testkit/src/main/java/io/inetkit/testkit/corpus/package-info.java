/** Corpora of malformed server replies kept as readable text resources: {@link io.inetkit.testkit.corpus.Corpus}. */
package io.inetkit.testkit.corpus;
