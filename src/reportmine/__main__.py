from reportmine.cli import app

app(prog_name="reportmine")
