// The library's one script: marks the page as scripted and focuses the first invalid field of a form.
document.addEventListener('DOMContentLoaded', function () {
  document.documentElement.dataset.scripts = 'on';
  var status = document.getElementById('script-status');
  if (status) {
    status.textContent = 'Scripts are on.';
  }
  document.querySelectorAll('form input.invalid').forEach(function (input, index) {
    if (index === 0) {
      input.focus();
    }
  });
});
