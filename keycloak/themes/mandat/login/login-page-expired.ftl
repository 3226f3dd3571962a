<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("pageExpiredTitle")}
    <#elseif section = "form">
        <p id="instruction1">${msg("mandatPageExpired")}</p>
        <ul class="fr-btns-group fr-btns-group--inline-md">
            <li><a class="fr-btn" id="loginRestartLink" href="${url.loginRestartFlowUrl}">${msg("mandatRestart")}</a></li>
            <li><a class="fr-btn fr-btn--secondary" id="loginContinueLink" href="${url.loginAction}">${msg("mandatContinue")}</a></li>
        </ul>
    </#if>
</@layout.registrationLayout>
