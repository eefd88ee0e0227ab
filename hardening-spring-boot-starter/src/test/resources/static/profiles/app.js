document.documentElement.dataset.ready = "yes";
//# sourceMappingURL=app.js.map
