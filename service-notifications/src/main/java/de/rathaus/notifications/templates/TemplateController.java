package de.rathaus.notifications.templates;

import de.rathaus.notifications.api.TemplatesApi;
import de.rathaus.notifications.api.model.PreviewRequestDto;
import de.rathaus.notifications.api.model.RenderedTemplateDto;
import de.rathaus.notifications.api.model.TemplateContentDto;
import de.rathaus.notifications.api.model.TemplateDto;
import de.rathaus.platform.security.CurrentUser;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

/** Administrators of a municipality read, edit (new versions) and preview its templates. */
@RestController
@PreAuthorize("hasRole('admin')")
class TemplateController implements TemplatesApi {

    private final Templates templates;
    private final TemplateMapper mapper;

    TemplateController(Templates templates, TemplateMapper mapper) {
        this.templates = templates;
        this.mapper = mapper;
    }

    @Override
    public ResponseEntity<List<TemplateDto>> listTemplates() {
        return ResponseEntity.ok(templates.list(CurrentUser.get().tenant()).stream().map(mapper::toDto).toList());
    }

    @Override
    public ResponseEntity<TemplateDto> getTemplate(String eventType, String language) {
        return ResponseEntity.ok(mapper.toDto(templates.get(CurrentUser.get().tenant(), eventType, language)));
    }

    @Override
    public ResponseEntity<List<TemplateDto>> listTemplateVersions(String eventType, String language) {
        return ResponseEntity.ok(templates.versions(CurrentUser.get().tenant(), eventType, language).stream().map(mapper::toDto).toList());
    }

    @Override
    public ResponseEntity<TemplateDto> saveTemplate(String eventType, String language, TemplateContentDto body) {
        CurrentUser admin = CurrentUser.get();
        return ResponseEntity.ok(mapper.toDto(templates.save(admin.tenant(), eventType, language, mapper.toContent(body), admin.subject())));
    }

    @Override
    public ResponseEntity<RenderedTemplateDto> previewTemplate(String eventType, String language, PreviewRequestDto body) {
        TemplateContent content = body == null || body.getTemplate() == null ? null : mapper.toContent(body.getTemplate());
        Rendered rendered = templates.preview(CurrentUser.get().tenant(), eventType, language, content, body == null ? null : body.getData());
        return ResponseEntity.ok(mapper.toDto(rendered));
    }
}
