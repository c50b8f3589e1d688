package de.rathaus.applications;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ApplicationsServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApplicationsServiceApplication.class, args);
    }
}
