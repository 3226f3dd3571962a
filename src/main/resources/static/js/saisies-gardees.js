// Puts back what a person had typed in a form when their session ended before they
// sent it (see SavedForm). The values come from the server in a data attribute; nothing
// is sent anywhere.
(function () {
	'use strict';
	var holder = document.getElementById('saisies-gardees');
	if (!holder) {
		return;
	}
	var saved;
	try {
		saved = JSON.parse(holder.getAttribute('data-saisies'));
	} catch (e) {
		return;
	}
	var forms = document.querySelectorAll('main form[method="post"]');
	Array.prototype.forEach.call(forms, function (form) {
		Object.keys(saved).forEach(function (name) {
			var values = saved[name];
			Array.prototype.forEach.call(form.querySelectorAll('[name]'), function (field) {
				if (field.name !== name || field.type === 'password' || field.name === '_csrf') {
					return;
				}
				if (field.type === 'checkbox' || field.type === 'radio') {
					field.checked = values.indexOf(field.value) >= 0;
				} else if (field.tagName === 'SELECT') {
					Array.prototype.forEach.call(field.options, function (option) {
						option.selected = values.indexOf(option.value) >= 0;
					});
				} else if (values.length > 0) {
					field.value = values[0];
				}
			});
		});
	});
})();
