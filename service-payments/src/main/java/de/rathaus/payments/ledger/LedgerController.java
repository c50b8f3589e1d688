package de.rathaus.payments.ledger;

import de.rathaus.payments.api.model.LedgerBookingDto;
import de.rathaus.payments.api.model.LedgerExportDto;
import de.rathaus.payments.api.model.LedgerPostingDto;
import de.rathaus.payments.api.model.PaymentReferenceDto;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.platform.web.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/payments/ledger/export} (contract operation exportLedger). Hand-written rather than the
 * generated interface because one operation answers two media types (CSV for the finance system's import, JSON
 * as the generated {@link LedgerExportDto}), which the generated signature cannot express.
 */
@RestController
class LedgerController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final LedgerExport export;

    LedgerController(LedgerExport export) {
        this.export = export;
    }

    @GetMapping("/api/v1/payments/ledger/export")
    @PreAuthorize("hasAnyRole('admin', 'system')")
    ResponseEntity<?> exportLedger(@RequestParam("date") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                                   @RequestParam(value = "format", defaultValue = "json") String format) {
        String tenant = CurrentUser.get().tenant();
        String filename = "ledger-%s-%s.%s".formatted(tenant, date, format);
        return switch (format) {
            case "csv" -> ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                    .body(csv(export.lines(tenant, date)));
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(new LedgerExportDto(tenant, date, export.bookings(tenant, date).stream().map(LedgerController::toDto).toList()));
            default -> throw new InvalidInputException("format", "must be csv or json");
        };
    }

    private static LedgerBookingDto toDto(LedgerExport.Booking b) {
        LedgerBookingDto dto = new LedgerBookingDto(b.id(), b.bookedAt().atOffset(ZoneOffset.UTC),
                LedgerBookingDto.KindEnum.fromValue(b.kind().name()), b.paymentId(),
                b.postings().stream().map(p -> new LedgerPostingDto(LedgerPostingDto.AccountEnum.fromValue(p.account().name()),
                        LedgerPostingDto.SideEnum.fromValue(p.side().name()), p.amountCents())).toList());
        dto.setRefundId(b.refundId());
        dto.setReference(new PaymentReferenceDto(PaymentReferenceDto.KindEnum.fromValue(b.referenceKind()), b.referenceId()));
        return dto;
    }

    /** One line per posting; amounts in cents and as decimal euros; ids only, no personal data. */
    static String csv(List<LedgerExport.Line> lines) {
        StringBuilder csv = new StringBuilder("booking_id;booked_at;kind;payment_id;refund_id;reference_kind;reference_id;line;account;side;amount_cents;amount_eur\r\n");
        for (LedgerExport.Line l : lines) {
            csv.append(l.bookingId()).append(';').append(l.bookedAt()).append(';').append(l.kind()).append(';')
                    .append(l.paymentId()).append(';').append(l.refundId() == null ? "" : l.refundId()).append(';')
                    .append(l.referenceKind()).append(';').append(l.referenceId()).append(';').append(l.line()).append(';')
                    .append(l.account()).append(';').append(l.side()).append(';').append(l.amountCents()).append(';')
                    .append("%d.%02d".formatted(l.amountCents() / 100, l.amountCents() % 100)).append("\r\n");
        }
        return csv.toString();
    }
}
