from mtreview.cli import main

# Guarded: a Dask worker process started by spawn imports the parent's main module again.
if __name__ == "__main__":
    main()
