package de.rathaus.applications;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.testsupport.ApiClient.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attachments: type by content (not by name or header), size limit, checksum, storage behind the port. */
class DocumentsIT extends ApplicationsTestBase {

    static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0};
    final String anna = newCitizen();

    @Test
    void aPdfIsStoredWithItsChecksumAndCanBeDownloadedByOwnerAndClerk() throws Exception {
        String id = submitted(citizen(anna), SONDERNUTZUNG);

        Response stored = upload(citizen(anna), id, "lageplan", "lageplan.pdf", "application/pdf", PDF);

        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PDF));
        assertThat(stored.json().get("sha256").asText()).isEqualTo(sha);
        assertThat(stored.json().get("mediaType").asText()).isEqualTo("application/pdf");
        assertThat(stored.json().get("sizeBytes").asLong()).isEqualTo(PDF.length);
        String documentId = stored.json().get("id").asText();

        String clerk = clerk("clerk-tina", "bochum", "tiefbau");
        assertThat(api.get("/api/v1/applications/" + id + "/documents", clerk).json().findValuesAsString("id")).containsExactly(documentId);
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/applications/" + id + "/documents/" + documentId + "/content"))
                .header("Authorization", "Bearer " + clerk).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(PDF);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(api.get("/api/v1/applications/" + id + "/documents/" + documentId + "/content", citizen(newCitizen())).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/applications/" + id + "/timeline", citizen(anna)).json().findValuesAsString("kind"))
                .contains("DOCUMENT_ATTACHED");
    }

    @Test
    void theTypeIsJudgedByContentNotByNameOrHeader() {
        String id = submitted(citizen(anna), SONDERNUTZUNG);

        Response exe = upload(citizen(anna), id, "lageplan", "lageplan.pdf", "application/pdf", EXE);
        assertThat(exe.status()).isEqualTo(400);
        assertThat(exe.json().get("errors").get(0).get("field").asText()).isEqualTo("file");
        assertThat(exe.json().get("detail").asText()).contains("application/x-msdownload");

        Response html = upload(citizen(anna), id, "lageplan", "scan.png", "image/png",
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        assertThat(html.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/applications/" + id + "/documents", citizen(anna)).json()).isEmpty();
    }

    @Test
    void tooLargeOrEmptyUploadsAreRejected() {
        String id = submitted(citizen(anna), SONDERNUTZUNG);
        byte[] big = Arrays.copyOf(PDF, 65 * 1024); // the test limit is 64 KB

        Response tooBig = upload(citizen(anna), id, "lageplan", "plan.pdf", "application/pdf", big);
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("detail").asText()).contains("larger than");
        assertThat(upload(citizen(anna), id, "lageplan", "plan.pdf", "application/pdf", new byte[0]).status()).isEqualTo(400);
        assertThat(upload(citizen(anna), id, "Lage Plan!", "plan.pdf", "application/pdf", PDF).status()).isEqualTo(400);
    }

    @Test
    void onlyTheOwnerAttachesAndOnlyToAnOpenCase() {
        String id = submitted(citizen(anna), SONDERNUTZUNG);
        assertThat(upload(citizen(newCitizen()), id, "lageplan", "plan.pdf", "application/pdf", PDF).status()).isEqualTo(404);
        assertThat(upload(clerk("clerk-tina", "bochum", "tiefbau"), id, "lageplan", "plan.pdf", "application/pdf", PDF).status())
                .isEqualTo(403);
        write("POST", "/api/v1/applications/" + id + "/withdrawal", citizen(anna), null, null);
        assertThat(upload(citizen(anna), id, "lageplan", "plan.pdf", "application/pdf", PDF).status()).isEqualTo(409);
    }
}
