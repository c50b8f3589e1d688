package de.rathaus.applications;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class ApplicationsServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApplicationsServiceApplication.class, args);
    }
}
