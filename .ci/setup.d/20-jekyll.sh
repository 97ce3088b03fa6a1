# Real Jekyll builds the importer's fixtures (internal/jekyll).
apt_need jekyll
jekyll --version
