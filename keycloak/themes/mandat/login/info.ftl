<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        <#if messageHeader??>${kcSanitize(msg("${messageHeader}"))?no_esc}<#elseif requiredActions??>${msg("mandatWelcomeTitle")}<#else>${msg("mandatInfoTitle")}</#if>
    <#elseif section = "form">
        <div id="kc-info-message">
            <#if requiredActions??>
                <p>${msg("mandatActionsIntro")}</p>
                <ol class="fr-mb-4w">
                    <#list requiredActions as reqActionItem><li>${kcSanitize(msg("requiredAction.${reqActionItem}"))?no_esc}</li></#list>
                </ol>
            <#elseif message?has_content>
                <div class="fr-alert fr-alert--sm fr-alert--${message.type} fr-mb-4w" role="status">
                    <p>${kcSanitize(message.summary)?no_esc}</p>
                </div>
            </#if>
            <#if skipLink??>
            <#elseif pageRedirectUri?has_content>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <li><a class="fr-btn" id="kc-continue" href="${pageRedirectUri}">${msg("mandatSignInToMandat")}</a></li>
                </ul>
            <#elseif actionUri?has_content>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <li><a class="fr-btn" id="kc-continue" href="${actionUri}">${msg("mandatStart")}</a></li>
                </ul>
            <#elseif (client.baseUrl)?has_content>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <li><a class="fr-btn" id="kc-continue" href="${client.baseUrl}">${msg("backToApplication")}</a></li>
                </ul>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
