package io.sessionstore.redis.json;

import java.util.List;

import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModules;

/**
 * Spring Security's Jackson 3 support, as {@link JsonAttributeCodec} uses it. Only
 * touched when Spring Security is on the class path.
 * <p>
 * {@link SecurityJacksonModules#getModules(ClassLoader, BasicPolymorphicTypeValidator.Builder)}
 * returns the modules of every Spring Security jar present (core, web, OAuth2 client,
 * authorization server, LDAP, SAML 2, CAS), has each of them add its own types to the
 * given validator builder, and appends a module that switches on Jackson's default
 * typing for all non-final types. The codec keeps the Spring Security modules and the
 * validator but not that last module: it writes type ids through
 * {@link JsonTypeResolverBuilder} instead, so that JSON stays short.
 *
 * @param modules the Spring Security modules (mix-ins and deserializers)
 * @param validator the validator that allows Spring Security's own types
 */
record JsonSecurityModules(List<JacksonModule> modules, PolymorphicTypeValidator validator) {

	static final String MODULES_CLASS_NAME = "org.springframework.security.jackson.SecurityJacksonModules";

	static JsonSecurityModules load(ClassLoader classLoader) {
		BasicPolymorphicTypeValidator.Builder validator = BasicPolymorphicTypeValidator.builder();
		List<JacksonModule> modules = SecurityJacksonModules.getModules(classLoader, validator)
			.stream()
			.filter(SecurityJacksonModule.class::isInstance)
			.toList();
		return new JsonSecurityModules(modules, validator.build());
	}

}
