package de.rathaus.notifications.templates;

import de.rathaus.notifications.api.TemplatesApi;
import de.rathaus.notifications.api.model.PreviewRequestDto;
import de.rathaus.notifications.api.model.RenderedTemplateDto;
import de.rathaus.notifications.api.model.TemplateContentDto;
import de.rathaus.notifications.api.model.TemplateDto;
import de.rathaus.platform.security.CurrentUser;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

/** Administrators of a municipality read, edit (new versions) and preview its templates. */
@RestController
@PreAuthorize("hasRole('admin')")
class TemplateController implements TemplatesApi {

    private final Templates templates;

    TemplateController(Templates templates) {
        this.templates = templates;
    }

    @Override
    public ResponseEntity<List<TemplateDto>> listTemplates() {
        return ResponseEntity.ok(templates.list(CurrentUser.get().tenant()).stream().map(TemplateController::toDto).toList());
    }

    @Override
    public ResponseEntity<TemplateDto> getTemplate(String eventType, String language) {
        return ResponseEntity.ok(toDto(templates.get(CurrentUser.get().tenant(), eventType, language)));
    }

    @Override
    public ResponseEntity<List<TemplateDto>> listTemplateVersions(String eventType, String language) {
        return ResponseEntity.ok(templates.versions(CurrentUser.get().tenant(), eventType, language).stream().map(TemplateController::toDto).toList());
    }

    @Override
    public ResponseEntity<TemplateDto> saveTemplate(String eventType, String language, TemplateContentDto body) {
        CurrentUser admin = CurrentUser.get();
        return ResponseEntity.ok(toDto(templates.save(admin.tenant(), eventType, language, toContent(body), admin.subject())));
    }

    @Override
    public ResponseEntity<RenderedTemplateDto> previewTemplate(String eventType, String language, PreviewRequestDto body) {
        TemplateContent content = body == null || body.getTemplate() == null ? null : toContent(body.getTemplate());
        Rendered rendered = templates.preview(CurrentUser.get().tenant(), eventType, language, content, body == null ? null : body.getData());
        return ResponseEntity.ok(new RenderedTemplateDto(rendered.subject(), rendered.text(), rendered.html()).sms(rendered.sms()));
    }

    private static TemplateContent toContent(TemplateContentDto dto) {
        return new TemplateContent(dto.getSubject(), dto.getText(), dto.getHtml(), dto.getSms());
    }

    private static TemplateDto toDto(StoredTemplate t) {
        TemplateContent c = t.content();
        return new TemplateDto(t.eventType(), t.language(), t.tenantOwned() ? TemplateDto.SourceEnum.TENANT : TemplateDto.SourceEnum.DEFAULT,
                c.subject(), c.text())
                .version(t.version())
                .html(c.html())
                .sms(c.sms())
                .createdBy(t.createdBy())
                .createdAt(t.createdAt() == null ? null : t.createdAt().atOffset(ZoneOffset.UTC));
    }
}
