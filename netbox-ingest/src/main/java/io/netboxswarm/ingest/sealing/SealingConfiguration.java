package io.netboxswarm.ingest.sealing;

import java.nio.file.Path;

import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.ingest.IngestProperties;
import io.netboxswarm.netbox.mapping.OrchestratorSealer;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.NativeX25519;
import io.netboxswarm.sealing.Sealer;

/** Loads the orchestrator's public keyset (file, else environment variable) at start: no keyset, no start. */
@Configuration(proxyBeanMethods = false)
class SealingConfiguration {

  @Bean
  OrchestratorSealer orchestratorSealer(IngestProperties properties) {
    IngestProperties.Sealing sealing = properties.sealing();
    Path file = sealing.orchestratorPublicKeysetFile();
    // an empty setting (an unset environment variable in application.yml) means "no file"
    var keyset = Keysets.fromEnvironment().publicKeyset(file == null || file.toString().isEmpty() ? null : file,
        sealing.orchestratorPublicKeysetEnv());
    Sealer sealer = Sealer.forRecipient(SealingContext.ORCHESTRATOR, keyset);
    LoggerFactory.getLogger(SealingConfiguration.class).info("sealing computes X25519 in {}", NativeX25519.install());
    return new OrchestratorSealer(sealer);
  }
}
