<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("mandatErrorTitle")}
    <#elseif section = "form">
        <div id="kc-error-message">
            <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                <p>${kcSanitize(message.summary)?no_esc}</p>
            </div>
            <p>${msg("mandatErrorHelp")}</p>
            <#if traceId??>
                <p class="fr-text--sm" id="traceId">${msg("traceIdSupportMessage", traceId)}</p>
            </#if>
            <#if !skipLink?? && client?? && client.baseUrl?has_content>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <li><a class="fr-btn" id="backToApplication" href="${client.baseUrl}">${msg("backToApplication")}</a></li>
                </ul>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
