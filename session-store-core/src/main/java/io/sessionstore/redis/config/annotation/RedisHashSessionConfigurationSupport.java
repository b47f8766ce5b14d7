package io.sessionstore.redis.config.annotation;

import java.lang.annotation.Annotation;
import java.time.Duration;

import io.sessionstore.redis.RedisHashSessionRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.context.annotation.ImportAware;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.session.SaveMode;
import org.springframework.util.StringValueResolver;

/**
 * What the configurations of both annotations share: the attributes they have in common,
 * read from the annotation on the importing class, and the choice of the Redis
 * connection factory.
 */
abstract class RedisHashSessionConfigurationSupport implements ImportAware, EmbeddedValueResolverAware {

	private final Class<? extends Annotation> annotationType;

	private @Nullable StringValueResolver valueResolver;

	Duration maxInactiveInterval = RedisHashSessionRepository.DEFAULT_MAX_INACTIVE_INTERVAL;

	String namespace = RedisHashSessionRepository.DEFAULT_NAMESPACE;

	SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	int retryAfterSeconds = 5;

	RedisHashSessionConfigurationSupport(Class<? extends Annotation> annotationType) {
		this.annotationType = annotationType;
	}

	@Override
	public void setEmbeddedValueResolver(StringValueResolver resolver) {
		this.valueResolver = resolver;
	}

	@Override
	public void setImportMetadata(AnnotationMetadata importMetadata) {
		SessionAnnotationAttributes attributes = SessionAnnotationAttributes.of(importMetadata, this.annotationType,
				this.valueResolver);
		if (attributes != null) {
			this.maxInactiveInterval = attributes.maxInactiveInterval();
			this.namespace = attributes.text("redisNamespace");
			this.saveMode = attributes.enumValue("saveMode");
			this.retryAfterSeconds = attributes.number("retryAfterSeconds");
			importAttributes(attributes);
		}
	}

	/**
	 * Read the attributes of this configuration's annotation alone.
	 * @param attributes the annotation's attributes
	 */
	void importAttributes(SessionAnnotationAttributes attributes) {
	}

	/**
	 * Return the connection factory qualified with {@link SessionStoreRedisConnectionFactory},
	 * or else the application's single one.
	 */
	static <F> F connectionFactory(ObjectProvider<F> qualified, ObjectProvider<F> any) {
		return qualified.getIfAvailable(any::getObject);
	}

}
