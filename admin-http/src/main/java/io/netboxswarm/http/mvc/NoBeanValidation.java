package io.netboxswarm.http.mvc;

import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC without Bean Validation, in both Spring applications. Apicurio's serde brings the Bean Validation API
 * (its model classes throw its exception) but no provider; seeing the API, Spring MVC would set up a validator for
 * {@code @Valid} arguments, find no provider and log "Failed to set up a Bean Validation provider" with the
 * exception at every start. No endpoint validates that way, so MVC is told there is no validator, as it assumes when
 * the API is absent.
 */
@Configuration(proxyBeanMethods = false)
public class NoBeanValidation implements WebMvcConfigurer {

  private static final Validator NONE = new Validator() {
    @Override
    public boolean supports(Class<?> type) {
      return false;
    }

    @Override
    public void validate(Object target, Errors errors) {
      // validates nothing: supports nothing
    }
  };

  @Override
  public Validator getValidator() {
    return NONE;
  }
}
