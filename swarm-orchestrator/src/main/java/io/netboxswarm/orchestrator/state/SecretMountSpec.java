package io.netboxswarm.orchestrator.state;

/**
 * A Secret bound to a Container, from a SecretMount object or nested in the container's payload.
 *
 * @param id the SecretMount's own id, null when it came nested in the container
 */
public record SecretMountSpec(Long id, Long container, long secret, String secretName, String target, String uid,
    String gid, Integer mode) {
}
