# Chromium drives the browser tests (internal/browsertest); axe-core comes
# from the npm registry, pinned by internal/browsertest/package-lock.json.
command -v npm >/dev/null 2>&1 || apt_need npm
apt_need chromium
(cd internal/browsertest && npm ci --no-audit --no-fund --loglevel=error)
chromium --version 2>/dev/null | grep -v 'unexpected operator' || true
echo "node $(node --version), npm $(npm --version)"
echo "axe-core $(node -p 'require("./internal/browsertest/node_modules/axe-core/package.json").version')"
