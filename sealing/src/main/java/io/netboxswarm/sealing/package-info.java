/**
 * Sealing of secret data (Docker secrets) and Docker Swarm join tokens for one recipient, so that they cross Kafka
 * topics, logs and the heaps of components that do not need them without being readable there.
 *
 * <p>Each recipient (the orchestrator, every host agent) has a Tink keyset with an HPKE key (RFC 9180:
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM; Tink's {@code DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM}
 * template). The recipient holds the private keyset and opens with an {@link io.netboxswarm.sealing.Opener};
 * senders hold its public keyset and seal with a {@link io.netboxswarm.sealing.Sealer}.
 * {@link io.netboxswarm.sealing.KeyGenerator} provisions a recipient; {@link io.netboxswarm.sealing.Keysets} loads
 * keysets from files or environment variables.
 *
 * <p>A {@link io.netboxswarm.sealing.SealedValue} is bound to its recipient's name and to a context (its purpose,
 * from {@code io.netboxswarm.contracts.SealingContext}) through HPKE's context info, so it opens for no other
 * recipient and no other purpose. Every failure is a {@link io.netboxswarm.sealing.SealingException} with a
 * {@link io.netboxswarm.sealing.SealingException.Reason} and a message free of key material, plaintext and
 * ciphertext. This package depends on Tink only, and on Conscrypt where the component has it
 * ({@link io.netboxswarm.sealing.NativeX25519}): no Spring, no Kafka.
 */
package io.netboxswarm.sealing;
