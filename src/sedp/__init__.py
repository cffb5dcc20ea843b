"""openSEDP: participatory socio-economic development planning for Vietnam."""

__version__ = "0.1.0"
