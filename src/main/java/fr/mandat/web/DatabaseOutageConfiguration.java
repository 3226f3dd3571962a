package fr.mandat.web;

import jakarta.servlet.DispatcherType;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class DatabaseOutageConfiguration {

	/**
	 * Outside every filter that may need the database: Spring Session's (at
	 * {@code Integer.MIN_VALUE + 50}) and Spring Security's.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(ITemplateEngine templates, JsonMapper json) {
		FilterRegistrationBean<DatabaseOutageFilter> registration = new FilterRegistrationBean<>(
				new DatabaseOutageFilter(templates, json));
		registration.setOrder(ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

}
