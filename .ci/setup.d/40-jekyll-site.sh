# The Jekyll verification fixture (internal/jekyll TestMinimaSite): a site
# on Debian's minima theme, built by real Jekyll with the two plugins
# minima uses, and Sass compiled with sassc (by Jekyll and by the import).
# jekyll itself comes from 20-jekyll.sh.
apt_need jekyll-theme-minima ruby-jekyll-feed ruby-jekyll-seo-tag sassc
dpkg-query -W -f='jekyll-theme-minima ${Version}\n' jekyll-theme-minima
sassc --version | sed -n 1p
