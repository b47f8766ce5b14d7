package io.sessionstore.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application: log in, watch the session as Redis stores it, count page
 * views, change the idle timeout, sign out other sessions, log out.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Start the sample.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
