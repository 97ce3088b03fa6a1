# The Nu HTML Checker (TestNuHTMLChecker in internal/browsertest) runs
# vnu.jar from npm's vnu-jar, pinned by internal/browsertest/vnu/
# package-lock.json, on Debian's headless Java runtime.
apt_need default-jre-headless
command -v npm >/dev/null 2>&1 || apt_need npm
(cd internal/browsertest/vnu && npm ci --no-audit --no-fund --loglevel=error)
export VNU_JAR="$PWD/internal/browsertest/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
java -version 2>&1 | sed -n 1p
echo "vnu-jar $(node -p 'require("./internal/browsertest/vnu/node_modules/vnu-jar/package.json").version')"
