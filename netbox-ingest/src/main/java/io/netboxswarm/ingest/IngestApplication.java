package io.netboxswarm.ingest;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.netboxswarm.http.mvc.NoBeanValidation;

/** netbox-ingest: NetBox webhooks in, typed Avro {@code NetboxEvent}s out, answered only once Kafka has them. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(NoBeanValidation.class)
public class IngestApplication {

  /** The time webhooks are judged by (their {@code timestamp} against {@code webhook.max-age}). */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  public static void main(String[] args) {
    SpringApplication.run(IngestApplication.class, args);
  }
}
