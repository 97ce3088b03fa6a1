# The CMS (internal/cms): its browser test drives Chromium; npm ci installs
# @sveltia/cms and the fonts exactly as package-lock.json pins them, so
# TestVendoredBundle can check vendor/ against the registry's files.
command -v npm >/dev/null 2>&1 || apt_need npm
apt_need chromium
(cd internal/cms && npm ci --no-audit --no-fund --loglevel=error)
echo "@sveltia/cms $(node -p 'require("./internal/cms/node_modules/@sveltia/cms/package.json").version')"
