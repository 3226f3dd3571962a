<#import "template.ftl" as layout>
<#assign hasError = messagesPerField.existsError('username','password')>
<#-- A step-up says why in its own words: Keycloak's "authenticate again" notice is not repeated. -->
<#assign stepUpNotice = usernameHidden?? && ((message.type)!'') == 'info'>
<@layout.registrationLayout displayMessage=(!hasError && !stepUpNotice) displayInfo=false; section>
    <#if section = "header">
        <#if usernameHidden??>${msg("mandatStepUpTitle")}<#else>${msg("loginAccountTitle")}</#if>
    <#elseif section = "form">
        <#if usernameHidden??>
            <p>${msg("mandatStepUpIntro")}</p>
        <#elseif (properties.mandatVariant!'agents') == 'usagers'>
            <p>${msg("mandatUsagersIntro")}</p>
        <#else>
            <p>${msg("mandatAgentsIntro")}</p>
        </#if>
        <form id="kc-form-login" action="${url.loginAction}" method="post" novalidate>
            <#if !usernameHidden??>
                <div class="fr-input-group<#if hasError> fr-input-group--error</#if>">
                    <label class="fr-label" for="username">${msg("usernameOrEmail")}
                        <span class="fr-hint-text">${msg("mandatUsernameHint")}</span></label>
                    <input class="fr-input<#if hasError> fr-input--error</#if>" id="username" name="username" type="text"
                           value="${(login.username!'')}" autofocus autocomplete="username" spellcheck="false"
                           <#if hasError>aria-invalid="true" aria-describedby="input-error"</#if>>
                </div>
            </#if>
            <div class="fr-input-group<#if hasError> fr-input-group--error</#if>">
                <label class="fr-label" for="password">${msg("password")}</label>
                <input class="fr-input<#if hasError> fr-input--error</#if>" id="password" name="password" type="password"
                       autocomplete="current-password" <#if usernameHidden??>autofocus</#if>
                       <#if hasError>aria-invalid="true" aria-describedby="input-error"</#if>>
                <#if hasError>
                    <p id="input-error" class="fr-error-text">${kcSanitize(messagesPerField.getFirstError('username','password'))?no_esc}</p>
                </#if>
            </div>
            <input type="hidden" id="id-hidden-input" name="credentialId" <#if auth.selectedCredential?has_content>value="${auth.selectedCredential}"</#if>>
            <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
                <li><button class="fr-btn" name="login" id="kc-login" type="submit"><#if usernameHidden??>${msg("mandatConfirm")}<#else>${msg("doLogIn")}</#if></button></li>
            </ul>
        </form>
        <#if realm.resetPasswordAllowed>
            <p class="fr-mt-2w"><a class="fr-link" href="${url.loginResetCredentialsUrl}">${msg("doForgotPassword")}</a></p>
        </#if>
        <#if (properties.mandatVariant!'agents') != 'usagers'>
            <p class="fr-text--sm fr-mt-4w fr-mb-0">${msg("mandatAgentsHelp")}</p>
        </#if>
    </#if>
</@layout.registrationLayout>
