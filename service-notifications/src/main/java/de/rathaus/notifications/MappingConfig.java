package de.rathaus.notifications;

import org.mapstruct.MapperConfig;

/**
 * Shared by every MapStruct mapper of this service ({@code @Mapper(config = MappingConfig.class)}): the generated
 * implementation of {@code FooMapper} is named {@code GeneratedFooMapper} instead of {@code FooMapperImpl}, so that
 * its name ends in {@code Mapper} like the interface it implements, and {@code ArchitectureRules} sees it as the
 * adapter it is (domain to DTO) rather than as a domain class using the generated API.
 */
@MapperConfig(implementationName = "Generated<CLASS_NAME>")
public interface MappingConfig {
}
