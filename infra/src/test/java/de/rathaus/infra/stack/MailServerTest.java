package de.rathaus.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stack's SMTP server: a message sent by plain SMTP is readable through GreenMail's REST API. */
class MailServerTest {

    private static LocalStack stack;

    @BeforeAll
    static void startMail() {
        stack = LocalStack.start(TestStacks.config(Component.MAIL).build());
    }

    @AfterAll
    static void stopMail() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void acceptsMailForAnyAddressAndShowsItInItsApi() throws Exception {
        StackConfig config = stack.config();
        try (Socket socket = new Socket("127.0.0.1", config.smtpPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            expect(in, "220");
            send(out, "HELO test");
            expect(in, "250");
            send(out, "MAIL FROM:<noreply@rathaus.example>");
            expect(in, "250");
            send(out, "RCPT TO:<anna@rathaus.example>");
            expect(in, "250");
            send(out, "DATA");
            expect(in, "354");
            send(out, "Subject: Antrag eingegangen\r\n\r\nIhr Antrag ist eingegangen.\r\n.");
            expect(in, "250");
            send(out, "QUIT");
        }

        HttpResponse<String> messages = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(config.mailApiUrl() + "/api/user/anna@rathaus.example/messages/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(messages.statusCode()).isEqualTo(200);
        assertThat(messages.body()).contains("Antrag eingegangen");
    }

    private static void send(Writer out, String line) throws java.io.IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    /** Reads the reply to the last command (multi-line replies continue with "<code>-"), which must have this code. */
    private static void expect(BufferedReader in, String code) throws java.io.IOException {
        String line;
        do {
            line = in.readLine();
            assertThat(line).as("reply, expected " + code).isNotNull().startsWith(code);
        } while (line.charAt(3) == '-');
    }
}
