# jekyll-paginate for internal/jekyll TestPaginateAtBuild, which compares
# deltag's paginated pages with a real Jekyll build of the same posts.
# jekyll itself comes from 20-jekyll.sh.
apt_need ruby-jekyll-paginate
dpkg-query -W -f='ruby-jekyll-paginate ${Version}\n' ruby-jekyll-paginate
