<#import "template.ftl" as layout>
<#assign hasError = messagesPerField.existsError('totp')>
<@layout.registrationLayout displayMessage=!hasError; section>
    <#if section = "header">
        ${msg("loginOtpOneTime")}
    <#elseif section = "form">
        <p>${msg("mandatOtpIntro")}</p>
        <form id="kc-otp-login-form" action="${url.loginAction}" method="post" novalidate>
            <#if otpLogin.userOtpCredentials?size gt 1>
                <fieldset class="fr-fieldset" id="kc-otp-devices" aria-labelledby="kc-otp-devices-legend">
                    <legend class="fr-fieldset__legend" id="kc-otp-devices-legend">${msg("mandatOtpWhichDevice")}</legend>
                    <#list otpLogin.userOtpCredentials as otpCredential>
                        <div class="fr-fieldset__element">
                            <div class="fr-radio-group">
                                <input id="kc-otp-credential-${otpCredential?index}" type="radio" name="selectedCredentialId"
                                       value="${otpCredential.id}" <#if otpCredential.id == otpLogin.selectedCredentialId>checked</#if>>
                                <label class="fr-label" for="kc-otp-credential-${otpCredential?index}">${otpCredential.userLabel}</label>
                            </div>
                        </div>
                    </#list>
                </fieldset>
            </#if>
            <div class="fr-input-group<#if hasError> fr-input-group--error</#if>">
                <label class="fr-label" for="otp">${msg("loginOtpOneTime")}
                    <span class="fr-hint-text">${msg("mandatOtpHint")}</span></label>
                <input class="fr-input<#if hasError> fr-input--error</#if>" id="otp" name="otp" type="text"
                       inputmode="numeric" autocomplete="one-time-code" maxlength="6" autofocus spellcheck="false"
                       <#if hasError>aria-invalid="true" aria-describedby="input-error-otp-code"</#if>>
                <#if hasError>
                    <p id="input-error-otp-code" class="fr-error-text">${kcSanitize(messagesPerField.get('totp'))?no_esc}</p>
                </#if>
            </div>
            <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
                <li><button class="fr-btn" name="login" id="kc-login" type="submit">${msg("mandatConfirm")}</button></li>
            </ul>
        </form>
        <p class="fr-text--sm fr-mt-2w fr-mb-0">${msg("mandatOtpLost")}</p>
    </#if>
</@layout.registrationLayout>
