<#import "template.ftl" as layout>
<#assign hasError = messagesPerField.existsError('totp')>
<#assign labelError = messagesPerField.existsError('userLabel')>
<@layout.registrationLayout displayMessage=!(hasError || labelError); section>
    <#if section = "header">
        ${msg("loginTotpTitle")}
    <#elseif section = "form">
        <p>${msg("mandatTotpIntro")}</p>
        <ol id="kc-totp-settings" class="fr-mb-4w">
            <li class="fr-mb-2w">
                <p class="fr-mb-1w">${msg("loginTotpStep1")}</p>
                <ul id="kc-totp-supported-apps">
                    <#list totp.supportedApplications as app>
                        <li>${msg(app)}</li>
                    </#list>
                </ul>
            </li>
            <#if mode?? && mode = "manual">
                <li class="fr-mb-2w">
                    <p class="fr-mb-1w">${msg("loginTotpManualStep2")}</p>
                    <p class="mandat-keycloak__secret"><span id="kc-totp-secret-key">${totp.totpSecretEncoded}</span></p>
                    <p class="fr-text--sm">${msg("mandatTotpSettings", totp.policy.digits, totp.policy.period)}</p>
                    <p><a class="fr-link" href="${totp.qrUrl}" id="mode-barcode">${msg("loginTotpScanBarcode")}</a></p>
                </li>
            <#else>
                <li class="fr-mb-2w">
                    <p class="fr-mb-1w">${msg("loginTotpStep2")}</p>
                    <img id="kc-totp-secret-qr-code" class="mandat-keycloak__qr" src="data:image/png;base64, ${totp.totpSecretQrCode}"
                         alt="${msg("mandatTotpQrAlt")}">
                    <p><a class="fr-link" href="${totp.manualUrl}" id="mode-manual">${msg("loginTotpUnableToScan")}</a></p>
                </li>
            </#if>
            <li>
                <p>${msg("loginTotpStep3")}</p>
            </li>
        </ol>
        <form action="${url.loginAction}" id="kc-totp-settings-form" method="post" novalidate>
            <div class="fr-input-group<#if hasError> fr-input-group--error</#if>">
                <label class="fr-label" for="totp">${msg("authenticatorCode")}
                    <span class="fr-hint-text">${msg("mandatOtpHint")}</span></label>
                <input class="fr-input<#if hasError> fr-input--error</#if>" type="text" id="totp" name="totp"
                       inputmode="numeric" autocomplete="one-time-code" maxlength="6" spellcheck="false"
                       <#if hasError>aria-invalid="true" aria-describedby="input-error-otp-code"</#if>>
                <#if hasError>
                    <p id="input-error-otp-code" class="fr-error-text">${kcSanitize(messagesPerField.get('totp'))?no_esc}</p>
                </#if>
                <input type="hidden" id="totpSecret" name="totpSecret" value="${totp.totpSecret}">
                <#if mode??><input type="hidden" id="mode" name="mode" value="${mode}"></#if>
            </div>
            <div class="fr-input-group<#if labelError> fr-input-group--error</#if>">
                <label class="fr-label" for="userLabel">${msg("loginTotpDeviceName")}
                    <span class="fr-hint-text"><#if totp.otpCredentials?size gte 1>${msg("mandatTotpDeviceRequired")}<#else>${msg("mandatTotpDeviceOptional")}</#if></span></label>
                <input class="fr-input<#if labelError> fr-input--error</#if>" type="text" id="userLabel" name="userLabel" autocomplete="off"
                       <#if labelError>aria-invalid="true" aria-describedby="input-error-otp-label"</#if>>
                <#if labelError>
                    <p id="input-error-otp-label" class="fr-error-text">${kcSanitize(messagesPerField.get('userLabel'))?no_esc}</p>
                </#if>
            </div>
            <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
                <li><button type="submit" class="fr-btn" id="saveTOTPBtn">${msg("mandatTotpSave")}</button></li>
                <#if isAppInitiatedAction??>
                    <li><button type="submit" class="fr-btn fr-btn--secondary" id="cancelTOTPBtn" name="cancel-aia" value="true">${msg("doCancel")}</button></li>
                </#if>
            </ul>
        </form>
    </#if>
</@layout.registrationLayout>
