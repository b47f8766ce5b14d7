package io.sessionstore.redis.config.annotation;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.session.MapSession;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;

/**
 * The attributes of an {@code @Enable...} annotation on the configuration class that
 * imported one of ours, with placeholders resolved and durations parsed.
 */
final class SessionAnnotationAttributes {

	private final Class<? extends Annotation> annotationType;

	private final AnnotationAttributes attributes;

	private final @Nullable StringValueResolver valueResolver;

	private SessionAnnotationAttributes(Class<? extends Annotation> annotationType, AnnotationAttributes attributes,
			@Nullable StringValueResolver valueResolver) {
		this.annotationType = annotationType;
		this.attributes = attributes;
		this.valueResolver = valueResolver;
	}

	static @Nullable SessionAnnotationAttributes of(AnnotationMetadata importMetadata,
			Class<? extends Annotation> annotationType, @Nullable StringValueResolver valueResolver) {
		AnnotationAttributes attributes = AnnotationAttributes
			.fromMap(importMetadata.getAnnotationAttributes(annotationType.getName()));
		return (attributes != null) ? new SessionAnnotationAttributes(annotationType, attributes, valueResolver) : null;
	}

	String text(String name) {
		String value = this.attributes.getString(name);
		String resolved = (this.valueResolver != null) ? this.valueResolver.resolveStringValue(value) : value;
		if (!StringUtils.hasText(resolved)) {
			throw invalid(name, value, "it must not be empty");
		}
		return resolved;
	}

	Duration duration(String name) {
		String value = text(name);
		try {
			return DurationFormatterUtils.detectAndParse(value.trim());
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw invalid(name, value, "use a duration such as '30m' or 'PT30M'");
		}
	}

	/**
	 * Return the idle timeout: {@code maxInactiveInterval} when set, otherwise
	 * {@code maxInactiveIntervalInSeconds}.
	 */
	Duration maxInactiveInterval() {
		int seconds = this.attributes.<Integer>getNumber("maxInactiveIntervalInSeconds");
		if (!StringUtils.hasLength(this.attributes.getString("maxInactiveInterval"))) {
			return Duration.ofSeconds(seconds);
		}
		if (seconds != MapSession.DEFAULT_MAX_INACTIVE_INTERVAL_SECONDS) {
			throw invalid("maxInactiveInterval", this.attributes.getString("maxInactiveInterval"),
					"set either maxInactiveInterval or maxInactiveIntervalInSeconds, not both");
		}
		return duration("maxInactiveInterval");
	}

	int number(String name) {
		return this.attributes.<Integer>getNumber(name);
	}

	<E extends Enum<E>> E enumValue(String name) {
		return this.attributes.getEnum(name);
	}

	private IllegalStateException invalid(String name, String value, String advice) {
		return new IllegalStateException("Invalid " + name + " '" + value + "' of @"
				+ this.annotationType.getSimpleName() + ": " + advice);
	}

}
