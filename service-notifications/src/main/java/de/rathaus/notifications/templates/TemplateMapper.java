package de.rathaus.notifications.templates;

import de.rathaus.notifications.MappingConfig;
import de.rathaus.notifications.api.model.RenderedTemplateDto;
import de.rathaus.notifications.api.model.TemplateContentDto;
import de.rathaus.notifications.api.model.TemplateDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(config = MappingConfig.class)
interface TemplateMapper {

    @Mapping(target = "source", expression = "java(template.tenantOwned() ? TemplateDto.SourceEnum.TENANT : TemplateDto.SourceEnum.DEFAULT)")
    @Mapping(target = "subject", source = "content.subject")
    @Mapping(target = "text", source = "content.text")
    @Mapping(target = "html", source = "content.html")
    @Mapping(target = "sms", source = "content.sms")
    TemplateDto toDto(StoredTemplate template);

    TemplateContent toContent(TemplateContentDto dto);

    RenderedTemplateDto toDto(Rendered rendered);

    default OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
