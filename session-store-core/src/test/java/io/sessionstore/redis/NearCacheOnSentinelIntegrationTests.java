package io.sessionstore.redis;

import java.time.Duration;

import io.sessionstore.testsupport.RedisSentinelSet;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with its near cache on Redis Sentinel, through a failover in which the old
 * master keeps running for some seconds and then becomes a replica: told of the new
 * master, the node drops its copies at once; not told, it does when the Sentinels close
 * its connection to the old master on turning it into a replica.
 */
class NearCacheOnSentinelIntegrationTests {

	private static final String NAMESPACE = "near-sentinel";

	private RedisSentinelSet set;

	private NearCacheNode node;

	@BeforeEach
	void start() {
		this.set = RedisServers.startSentinelSet();
		this.node = new NearCacheNode(TestRedisConnections.throughSentinels(this.set), NAMESPACE,
				NearCacheOptions.defaults());
	}

	@AfterEach
	void stop() {
		this.node.close();
		this.set.close();
	}

	private RedisHashSession saved() {
		RedisHashSession session = this.node.repository().createSession();
		session.setAttribute("username", "andrew");
		this.node.repository().save(session);
		assertThat(this.set.master().command("WAIT", "1", "5000")).isEqualTo("1");
		return session;
	}

	@Test
	void nodeToldOfANewMasterDropsItsCopiesAndTracksOnTheNewMaster() {
		RedisHashSession session = saved();
		assertThat(this.node.ownSession(session.getId())).isNotNull();
		assertThat(this.node.holds(session.getId())).isTrue();
		RedisServer old = this.set.failover();
		RedisServer promoted = this.set.awaitNewMaster(old);
		promoted.command("DEL", NAMESPACE + ":" + session.getId());

		this.node.repository().masterSwitched();

		assertThat(this.node.holds(session.getId())).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(this.node.repository()::isNearCacheActive);
		assertThat(this.node.ownSession(session.getId())).isNull();
		assertThat(promoted.trackingClients()).isOne();
		assertThat(old.command("ROLE")).startsWith("master");
	}

	@Test
	void nodeNotToldOfTheNewMasterTracksOnItOnceTheSentinelsHaveTurnedTheOldOneIntoAReplica() {
		RedisHashSession session = saved();
		assertThat(this.node.ownSession(session.getId())).isNotNull();
		RedisServer old = this.set.failover();
		RedisServer promoted = this.set.awaitNewMaster(old);
		await().atMost(Duration.ofSeconds(30)).until(() -> old.command("ROLE").startsWith("slave"));

		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsInstanceOf(SessionStoreUnavailableException.class)
			.until(() -> this.node.ownSession(session.getId()) != null && this.node.holds(session.getId()));

		assertThat(promoted.trackingClients()).isOne();
		assertThat(old.trackingClients()).isZero();
		long hits = this.node.repository().getNearCacheHitCount();
		assertThat(this.node.ownSession(session.getId()).<String>getAttribute("username")).isEqualTo("andrew");
		assertThat(this.node.repository().getNearCacheHitCount()).isEqualTo(hits + 1);
	}

}
