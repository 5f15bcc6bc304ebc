"""The RnnLabs course tool behind ./course: run, check, create and publish the notebooks.

Execution and HTML export are Jupyter's own (nbclient, nbconvert) on the stock .NET Interactive
kernel; this package only orchestrates them and reports the results.
"""
