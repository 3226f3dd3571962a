<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("logoutConfirmTitle")}
    <#elseif section = "form">
        <p>${msg("logoutConfirmHeader")}</p>
        <form action="${url.logoutConfirmAction}" method="POST">
            <input type="hidden" name="session_code" value="${logoutConfirm.code}">
            <ul class="fr-btns-group fr-btns-group--inline-md">
                <li><button class="fr-btn" name="confirmLogout" id="kc-logout" type="submit">${msg("doLogout")}</button></li>
            </ul>
        </form>
        <#if logoutConfirm.skipLink>
        <#elseif (client.baseUrl)?has_content>
            <p><a class="fr-link" href="${client.baseUrl}">${msg("backToApplication")}</a></p>
        </#if>
    </#if>
</@layout.registrationLayout>
