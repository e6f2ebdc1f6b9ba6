"""Where the per-article work runs: this process (with the result cache) or a Dask
cluster; and the external sort that keeps a build's memory bounded."""
