"""The outputs of a build: claims and places GeoJSON, the HTML map, the exports, and the
writer that puts them all in place as one step."""
